"""The shipped survey templates (seeds 001 and 003), in our own words.

Each scored question is one dimension of the results. A 1–5 question carries a behavioural anchor for
every level, so that "3" means the same thing to everyone who answers: what a person would see happen,
not how they feel about it. Every template ends with the two free-text questions ``FREE_TEXT``.
"""

SCALE_1_5, SCALE_0_10 = "1-5", "0-10"
SCALES = {SCALE_1_5: (1, 5), SCALE_0_10: (0, 10)}
FREE_TEXT = {"works": "What works well in this partnership?", "change": "What should we change first?"}


def _question(code, text, anchors, *, group=""):
    return {"code": code, "text": text, "scale": SCALE_1_5, "anchors": list(anchors), "group": group}


CHARACTERISTICS = [
    _question("trust", "Trust: we can rely on the other party to do what it says.", [
        "Commitments are routinely missed; we check everything they tell us.",
        "Some commitments are kept; we still verify the important ones ourselves.",
        "Most commitments are kept; surprises are occasional and explained.",
        "Commitments are kept; when something slips they tell us before we find out.",
        "We act on each other's word without checking; problems are raised early and owned."]),
    _question("transparency", "Transparency: information, costs and problems are shared openly.", [
        "Information is withheld or arrives only when demanded.",
        "Figures are shared on request, often late or incomplete.",
        "Regular reports are shared; bad news still tends to arrive late.",
        "Data, costs and risks are shared on time, bad news included.",
        "Both sides open their books and plans; nothing relevant is kept back."]),
    _question("collaboration", "Collaboration: we solve problems together rather than side by side.", [
        "Each side works alone and hands problems over the fence.",
        "We meet when something goes wrong; solutions are mostly one side's.",
        "Joint work happens in planned meetings; day to day we work apart.",
        "Teams from both sides work on problems together as a matter of course.",
        "Mixed teams own shared goals; people forget which organization a colleague is from."]),
    _question("innovation", "Commitment to innovation: the partnership keeps improving how work is done.", [
        "Nothing changes unless the contract forces it.",
        "Improvements are suggested but rarely carried out.",
        "Some improvements are made each year, mostly small ones.",
        "Improvement ideas are tracked and delivered; both sides contribute them.",
        "Innovation is planned together, funded and measured; new ideas come from both sides."]),
    _question("vested_in_other_win", "Vested in the other's win: each side works for the other's success too.", [
        "Each side protects its own interest at the other's expense.",
        "The other's interest is considered only when it costs us nothing.",
        "We look for outcomes that are fair to both in most decisions.",
        "We actively help the other party reach its goals, not only ours.",
        "Both sides judge a decision by whether the other one wins too, and say so."]),
    _question("adaptability", "Adaptability: the partnership adjusts when circumstances change.", [
        "Any change becomes a dispute about the contract.",
        "Changes are accepted slowly and after long negotiation.",
        "Reasonable changes are agreed within the normal governance cycle.",
        "Changes are agreed quickly; both sides adjust plans and people.",
        "We anticipate change together and adapt before it is forced on us."]),
]

BUSINESS, ACCELERATOR, RELATIONSHIP = "business", "accelerator", "relationship"
GROUP_LABELS = {BUSINESS: "Business practices", ACCELERATOR: "Accelerators", RELATIONSHIP: "Relationship practices"}

PRACTICES = [
    _question("business_objective", "Clearly defined business objective: a shared business case and purpose.", [
        "Nobody could state what the partnership is for in the same words.",
        "An objective exists on paper; people on the ground do not know it.",
        "The objective and business case are written and known to the leads.",
        "Both sides' teams know the objective and use it to decide priorities.",
        "The objective, business case and each side's win are clear to all and revisited together."],
        group=ACCELERATOR),
    _question("operational_alignment", "Operational alignment: processes, roles and responsibilities fit together.", [
        "Processes clash; who does what is argued case by case.",
        "Roles are defined but hand-offs often fail.",
        "Main processes are aligned; gaps are fixed when they appear.",
        "Processes and roles are mapped and reviewed; risks are managed jointly.",
        "Processes run as one across both organizations and are improved together."],
        group=BUSINESS),
    _question("relationship_management", "Relationship management strategy: we know whom to work with and why.", [
        "We do not know the decision makers on the other side.",
        "We know a few contacts; relationships depend on one or two people.",
        "Key contacts are named on both sides and meet regularly.",
        "A relationship plan covers every level; contacts are kept up when people change.",
        "Relationships are strong at every level and survive any change of people."],
        group=RELATIONSHIP),
    _question("trust_credibility", "Trust and credibility: commitments are made and honoured.", [
        "Promises are broken and nobody expects otherwise.",
        "Promises are kept when it is easy.",
        "Most promises are kept; the rest are explained.",
        "Promises are kept and perspectives are listened to before deciding.",
        "Both sides speak openly, debate freely and honour every commitment."],
        group=ACCELERATOR),
    _question("performance_metrics", "Performance metrics: shared measures of results and of the relationship.", [
        "Performance is argued from anecdotes.",
        "Each side measures its own things in its own way.",
        "Shared indicators exist and are reported regularly.",
        "Shared indicators drive decisions; response times show commitment too.",
        "Metrics are owned jointly, trusted by both and tied to the customer's win."],
        group=BUSINESS),
    _question("communication_structure", "Communication structure: decisions, problems and information have a route.", [
        "We learn about important changes by accident.",
        "Communication happens mostly when something has gone wrong.",
        "Regular meetings and escalation paths exist and are used.",
        "Formal and informal channels work; decisions and problems are resolved quickly.",
        "The right people always know in time; the structure is updated as things change."],
        group=RELATIONSHIP),
    _question("knowledge_exchange", "Knowledge exchange: we share plans, worries and ideas about the future.", [
        "Nothing beyond what the contract requires is shared.",
        "Know-how is shared when asked, reluctantly.",
        "Practices and lessons are shared in reviews.",
        "Each side shares its plans and concerns openly with the other.",
        "We share what keeps us awake at night and shape the future together."],
        group=ACCELERATOR),
    _question("organizational_alignment", "Organizational alignment: we change our organizations to work together.", [
        "Each organization works as if the other did not exist.",
        "Minor adjustments are made locally.",
        "Structures and systems are adapted where the work needs it.",
        "Shared systems, data and teams are in place.",
        "Both sides reinvent parts of their business together to pursue new opportunities."],
        group=BUSINESS),
    _question("long_term_relationship", "Long-term relationship: we believe in a future together.", [
        "Either side would leave at the first better offer.",
        "The relationship is judged contract term by contract term.",
        "Both expect to renew if results stay good.",
        "Both sides plan beyond the current agreement and invest in it.",
        "We pursue new opportunities together as a matter of course."],
        group=RELATIONSHIP),
]

NPS_QUESTION = {"code": "nps", "text": "How likely are you to recommend this partner to a colleague?",
                "scale": SCALE_0_10, "anchors": ["0 — not at all likely", "10 — extremely likely"], "group": ""}

TEMPLATES = {
    "six-characteristics": {
        "name": "Six characteristics of a strategic partnership",
        "description": "Trust, transparency, collaboration, innovation, vested commitment to the other's win, "
                       "adaptability (seed 001).",
        "questions": CHARACTERISTICS,
    },
    "nine-practices": {
        "name": "Nine partnering best practices",
        "description": "The nine practices of the partnering pyramid; their results give the maturity per "
                       "practice (seed 003).",
        "questions": PRACTICES,
    },
    "nps": {
        "name": "Net promoter score",
        "description": "One question, 0–10: how likely are you to recommend this partner.",
        "questions": [NPS_QUESTION],
    },
}

PRACTICE_CODES = [question["code"] for question in PRACTICES]
