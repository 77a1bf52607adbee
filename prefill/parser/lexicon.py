"""Cue words that tell the parts of an entry header apart (job title, organisation, degree, school).

Lower-case, accents kept (the cue matcher folds case only; accented and unaccented forms are both
listed where CVs use both). Feminine and plural forms are listed explicitly: they are few.
"""

TITLE_WORDS = frozenset(
    """
engineer developer manager director analyst assistant associate intern internship consultant officer
coordinator specialist researcher scientist professor lecturer teacher founder co-founder cofounder cto
ceo cfo coo cio head lead chief president vice-president administrator technician advisor adviser
auditor accountant designer architect editor writer journalist translator interpreter lawyer counsel
attorney paralegal nurse physician pharmacist fellow trainee apprentice volunteer representative agent
executive supervisor clerk secretary programmer postdoc postdoctoral partner owner instructor tutor
librarian economist statistician surveyor operator controller strategist planner buyer recruiter
officer expert member chair principal staff senior junior mentor ambassador producer reporter
correspondent therapist psychologist counselor counsellor pharmacy resident intern. support
ingénieur ingénieure ingenieur développeur développeuse developpeur chef directeur directrice
responsable chargé chargée charge assistante stagiaire consultante analyste juriste avocat avocate
traducteur traductrice interprète technicien technicienne administrateur administratrice gestionnaire
coordinateur coordinatrice conseiller conseillère chercheur chercheuse enseignant enseignante
professeure comptable auditeur auditrice secrétaire attaché attachée adjoint adjointe fondateur
fondatrice présidente commerciale vendeur vendeuse infirmier infirmière médecin pharmacien
pharmacienne journaliste rédacteur rédactrice architecte doctorant doctorante alternant alternante
apprenti apprentie bénévole officier employé employée opérateur opératrice formateur formatrice
experte délégué déléguée inspecteur inspectrice
ingeniero ingeniera desarrollador desarrolladora gerente director directora jefe jefa analista
asistente auxiliar becario becaria practicante pasante consultor consultora coordinador coordinadora
técnico técnica tecnico administrador administradora abogado abogada traductor traductora intérprete
investigador investigadora profesor profesora docente contador contadora auditor auditora secretario
secretaria asesor asesora especialista periodista redactor redactora fundador fundadora presidenta
encargado encargada supervisora gestor gestora economista oficial vendedor vendedora enfermero
enfermera médico médica arquitecto arquitecta diseñador diseñadora comunicador comunicadora ejecutivo
ejecutiva voluntario voluntaria
""".split()
)

ORG_WORDS = frozenset(
    """
inc inc. ltd ltd. llc plc gmbh ag sa s.a. sas sarl sl s.l. srl bv nv corp corp. corporation company co.
group holdings bank university college school institute foundation association agency office ministry
department council commission organisation organization ngo hospital clinic center centre laboratory
lab labs technologies solutions systems services consulting partners associates studio media press
newspaper federation union nations authority insurance bureau firm society enterprises industries
international global research
groupe banque université école institut fondation agence ministère département conseil ong hôpital
clinique laboratoire associés cabinet société compagnie entreprise mairie assurances fédération
grupo banco universidad escuela instituto fundación asociación agencia ministerio departamento consejo
comisión organización hospital clínica centro laboratorio corporación sociedad compañía empresa
federación unión diario ayuntamiento secretaría
""".split()
)

DEGREE_WORDS = frozenset(
    """
bachelor bachelor's bachelors master master's masters mba phd ph.d ph.d. doctorate bs b.s b.s. bsc b.sc
ba b.a b.a. ma m.a msc m.sc meng beng llb llm md pharmd pharm.d diploma certificate degree mphil dphil
jd edd hnd gcse a-levels bba bcom mcom mpa mph
licence diplôme diplome doctorat baccalauréat baccalaureat bac bts dut deug dea dess maîtrise maitrise
magistère mastère cap
licenciatura grado máster maestría maestria doctorado especialización especializacion pregrado
posgrado postgrado bachillerato tecnólogo tecnologo diplomado
""".split()
)

SCHOOL_WORDS = frozenset(
    """
university college school institute academy polytechnic conservatory campus faculty seminary
université universite collège école ecole institut académie polytechnique conservatoire lycée lycee
faculté iut insa
universidad universidade universität università escuela escola instituto academia politécnica
politecnica conservatorio facultad liceo hochschule pontificia
""".split()
)

DEGREE_FIELD_SEPARATORS = (
    " in ",
    " en ",
    " em ",
    " in the field of ",
    " specialising in ",
    " option ",
    " mention ",
    " spécialité ",
    " specialite ",
)
"""Words that join a degree to its field of study ("Master en Droit", "BS in Physics")."""
