"""The review pack as a PowerPoint deck (python-pptx), since QBRs are presented in PowerPoint.

A title slide; the scorecard as a native line chart of the overall score (so the presenter can
restyle it in PowerPoint) with its headline figures; then each section of the pack as a table.
Text is made to fit rather than trusted to: a slide holds at most ``ROWS_PER_SLIDE`` rows (a longer
section continues on the next slide, "continued" in its title) and a cell at most
``CELL_CHARACTERS`` characters, cut with an ellipsis.
"""

import io

from django.utils import timezone

from .selectors import ReviewPack, Section

ROWS_PER_SLIDE = 8
CELL_CHARACTERS = 150
SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5  # 16:9
MARGIN_IN = 0.5
TITLE_ONLY_LAYOUT, TITLE_LAYOUT = 5, 0
INK = (0x1D, 0x24, 0x33)


def _fit(text: str, limit: int = CELL_CHARACTERS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _style(frame, size_pt: int, *, bold: bool = False) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame.word_wrap = True
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size_pt), bold
            run.font.color.rgb = RGBColor(*INK)


def _slide(deck, title: str):
    from pptx.util import Inches

    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN_IN), Inches(0.3)
    shape.width, shape.height = Inches(SLIDE_WIDTH_IN - 2 * MARGIN_IN), Inches(0.9)
    shape.text = _fit(title, 80)
    _style(shape.text_frame, 28, bold=True)
    return slide


def _text(slide, text: str, *, left: float, top: float, width: float, height: float, size: int = 14) -> None:
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    lines = text.split("\n")
    box.text_frame.text = lines[0]
    for line in lines[1:]:
        box.text_frame.add_paragraph().text = line
    _style(box.text_frame, size)


def _table(slide, columns: list[str], rows: list[list[str]], *, top: float) -> None:
    from pptx.util import Inches

    width = SLIDE_WIDTH_IN - 2 * MARGIN_IN
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), Inches(MARGIN_IN), Inches(top), Inches(width),
                                   Inches(0.4 * (len(rows) + 1)))
    table = shape.table
    # The longest column (a title, a decision) gets the room; short ones (dates, statuses) keep their words.
    longest = [max([len(columns[i])] + [len(str(row[i])) for row in rows]) for i in range(len(columns))]
    weights = [min(max(length, 8), 60) for length in longest]
    for index, weight in enumerate(weights):
        table.columns[index].width = Inches(width * weight / sum(weights))
    for index, name in enumerate(columns):
        table.cell(0, index).text = name
        _style(table.cell(0, index).text_frame, 12, bold=True)
    for row_index, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            cell = table.cell(row_index, index)
            cell.text = _fit(value)
            _style(cell.text_frame, 11)


def _score_slide(deck, section: Section) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    slide = _slide(deck, section.title)
    data = CategoryChartData()
    data.categories = [label for label, _ in section.series]
    data.add_series("Overall score", [score for _, score in section.series])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(MARGIN_IN), Inches(1.3), Inches(8.3),
                                   Inches(5.6), data).chart
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = "Overall score by month"
    chart.value_axis.minimum_scale = 0
    facts = "\n".join(f"{label}: {value}" for label, value in section.facts)
    _text(slide, facts, left=9.2, top=1.4, width=SLIDE_WIDTH_IN - 9.2 - MARGIN_IN, height=3.0, size=16)


def _section_slides(deck, section: Section) -> None:
    if section.series:
        _score_slide(deck, section)
    chunks = [section.rows[i:i + ROWS_PER_SLIDE] for i in range(0, len(section.rows), ROWS_PER_SLIDE)]
    if not chunks:
        if not section.series:
            slide = _slide(deck, section.title)
            _text(slide, _fit(section.summary, 300), left=MARGIN_IN, top=1.3, width=12.3, height=0.8)
            _text(slide, section.empty, left=MARGIN_IN, top=2.2, width=12.3, height=0.8, size=18)
        return
    for number, rows in enumerate(chunks):
        title = section.title if number == 0 and not section.series else f"{section.title} (continued)"
        slide = _slide(deck, title)
        _text(slide, _fit(section.summary, 200), left=MARGIN_IN, top=1.2, width=12.3, height=0.5, size=12)
        _table(slide, section.columns, rows, top=1.8)


def review_pack_pptx(pack: ReviewPack) -> bytes:
    """The deck of ``pack``: a title slide, then the slides of each section in the pack's order."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    deck.core_properties.title = pack.title
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    for shape, top, height in ((title, 2.0, 1.6), (subtitle, 3.8, 1.4)):
        shape.left, shape.top = Inches(MARGIN_IN), Inches(top)
        shape.width, shape.height = Inches(SLIDE_WIDTH_IN - 2 * MARGIN_IN), Inches(height)
    title.text = _fit(pack.title, 90)
    _style(title.text_frame, 36, bold=True)
    subtitle.text = f"{pack.period_label}\nPrepared {timezone.localdate(pack.generated_at):%-d %B %Y}"
    _style(subtitle.text_frame, 20)
    for section in pack.sections:
        _section_slides(deck, section)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
