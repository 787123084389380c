"""Charter templates shipped with Accord, and the guidance shown beside each field.

The wording follows the source articles (seeds 000 and 001): Purpose is the why, Vision the
future and when, Mission the what, Values the how ("often companies call their set of Values
Guiding Principles"). ``{client}`` and ``{provider}`` are replaced with the parties' names.
"""

from dataclasses import dataclass, field

FIELD_GUIDANCE = {
    "purpose": (
        "The why. Why are you in business, and why are you partnering with this organization? "
        "One or two sentences both sides would say out loud — it goes on the pocket card."
    ),
    "vision": (
        "The future you are working toward together, and when. Both parties should share a vision that "
        "reflects long-term goals; set the “by when” date below."
    ),
    "vision_horizon": "By when the vision should be reached (the Allies gave themselves three to four years).",
    "mission": (
        "The what. What do you aim to accomplish together? Name the objectives clearly enough that the "
        "KPIs can be derived from them."
    ),
    "values": (
        "The how — your guiding principles. One per line: Name — what it means in practice. Think of trust, "
        "transparency, collaboration, commitment to innovation, a vested commitment to the other's win, "
        "adaptability. Keep it short: front-line associates carry these on the pocket card."
    ),
    "tagline": (
        "Optional. A catchy line for the embedding plan — town halls, orientation, the pocket card."
    ),
    "card": (
        "Optional. What the pocket card says instead of the full text, in the parties' own short words; "
        "signed with the charter. Leave empty to print the full text. The card is never cut: if a text does "
        "not fit, the preview says which and by how much."
    ),
    "card_values": "Optional. One per line, Name — a few words. Leave empty to print the values in full.",
    "review": (
        "Leaders review the charter at a set cadence, particularly the mission and vision, for continued "
        "relevance to the purpose."
    ),
}


@dataclass(frozen=True)
class CharterTemplate:
    slug: str
    name: str
    summary: str
    purpose: str
    vision: str
    mission: str
    values: list = field(default_factory=list)
    tagline: str = ""

    def filled(self, *, client: str, provider: str) -> dict:
        """The template's fields with the parties' names put in."""
        def fill(text: str) -> str:
            return text.replace("{client}", client).replace("{provider}", provider)

        return {
            "purpose": fill(self.purpose), "vision": fill(self.vision), "mission": fill(self.mission),
            "tagline": fill(self.tagline),
            "values": [{"name": v["name"], "description": fill(v["description"])} for v in self.values],
        }


TEMPLATES = [
    CharterTemplate(
        slug="hospital-patient-experience",
        name="Hospital services and hospitality",
        summary="A hospital and its environmental, food and patient-transport services partner.",
        purpose=(
            "{client} and {provider} partner so that every patient, visitor and caregiver experiences a "
            "hospital that is safe, clean and welcoming — because the environment of care is part of the care."
        ),
        vision=(
            "A hospital where the support services are invisible when they work and remarkable when people "
            "notice them: top-decile patient-experience scores for cleanliness, food and timeliness."
        ),
        mission=(
            "Together we deliver environmental services, patient transport and food and hospitality to agreed "
            "standards, measure them openly, and improve them every quarter through joint governance."
        ),
        values=[
            {"name": "Patients first", "description": "Every decision starts with the person in the bed."},
            {"name": "Transparency", "description": "One set of numbers, shared openly, good news or bad."},
            {"name": "Trust", "description": "We assume good intent and keep our word."},
            {"name": "Continuous improvement", "description": "Kaizen every day, in every unit and every shift."},
        ],
        tagline="One team at every bedside.",
    ),
    CharterTemplate(
        slug="technology-alliance",
        name="Technology alliance",
        summary="Two companies building and taking a joint product or platform to market (1 + 1 = 3).",
        purpose=(
            "{client} and {provider} combine their strengths to create for customers what neither could build "
            "alone — and to grow together by sharing the value it creates."
        ),
        vision=(
            "A joint offering that customers choose first in its market, built on a platform both companies "
            "are proud to put their names to."
        ),
        mission=(
            "Together we design, build, launch and run the joint product: a shared roadmap, pilots before "
            "scale-up, joint go-to-market, and revenue shared as agreed."
        ),
        values=[
            {"name": "Vested in each other's win", "description": "A deal is good only when it is good for both."},
            {"name": "Commitment to innovation", "description": "We test boldly, learn fast and share what we learn."},
            {"name": "Collaboration", "description": "One roadmap, one backlog, one team."},
            {"name": "Adaptability", "description": "We change the plan when the market tells us to."},
        ],
        tagline="Better together than apart.",
    ),
    CharterTemplate(
        slug="outsourced-services",
        name="Outsourced services",
        summary="A client and the provider that runs a service for it (facilities, IT, operations).",
        purpose=(
            "{client} entrusts {provider} with a service it chooses not to run itself, so that {client} can "
            "focus on its core business while {provider} does what it does best."
        ),
        vision=(
            "A service so reliable and well run that it sets the standard across every site and market, at a "
            "fair and transparent price."
        ),
        mission=(
            "Together we run the service to the agreed critical and key performance indicators, with a "
            "transparent financial model that rewards over-performance and addresses underperformance early."
        ),
        values=[
            {"name": "Transparency", "description": "Open books, shared data, no surprises."},
            {"name": "Accountability", "description": "Each side owns its commitments and says so early when at risk."},
            {"name": "Consistency", "description": "The same standard of service in every market."},
            {"name": "Respect", "description": "We treat each other's people as our own."},
        ],
        tagline="Run it right, every day, everywhere.",
    ),
    CharterTemplate(
        slug="managed-cloud",
        name="Managed cloud and infrastructure",
        summary="A software company and the provider that hosts and operates its platform.",
        purpose=(
            "{client} and {provider} keep {client}'s customers' work running, safe and fast, so that they can "
            "rely on the platform without thinking about it."
        ),
        vision=(
            "A platform customers trust with their most critical work: always available, secure by design, "
            "and ready for growth in every region."
        ),
        mission=(
            "Together we host, operate and secure the platform to the agreed availability and response "
            "commitments, plan capacity ahead of demand, and learn from every incident."
        ),
        values=[
            {"name": "Reliability", "description": "We keep our commitments, every hour of every day."},
            {"name": "Blameless learning", "description": "Incidents are reviewed for causes, not culprits."},
            {"name": "Security by default", "description": "Customer data is protected before it is convenient."},
            {"name": "Transparency", "description": "Shared dashboards, honest post-mortems."},
        ],
        tagline="Always on, together.",
    ),
]

TEMPLATES_BY_SLUG = {template.slug: template for template in TEMPLATES}


def charter_template(slug: str) -> CharterTemplate | None:
    return TEMPLATES_BY_SLUG.get(slug)
