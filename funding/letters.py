"""The decision letter (Bescheid) as PDF, attached to the decision mail.

It is written with fpdf2 in one of the PDF core fonts (Helvetica), so no font file ships with
the portal; those fonts cover Windows-1252, which holds German (umlauts, ß, „“, –, €). A
character outside it (rare in names) is printed as "?" rather than failing the decision mail.

The sender is the Bildungsbüro of the call's region with the address the region's page gives;
the letter names the decision, the granted amount, the reason, the call and, once set, the due
date of the Verwendungsnachweis. It is always in German (the portal's language).
"""

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import ApplicationStatus
from .money import format_euro

ENCODING = "windows-1252"


def _text(value):
    """``value`` as the core fonts can print it."""
    return str(value).encode(ENCODING, "replace").decode(ENCODING)


def _euro(amount):
    return format_euro(amount)


def _date(day):
    return formats.date_format(day, "DATE_FORMAT")


class _Letter(FPDF):
    def __init__(self, footer_text):
        super().__init__(format="A4")
        self.core_fonts_encoding = ENCODING
        self.footer_text = footer_text
        self.set_margins(25, 20, 20)
        self.set_auto_page_break(True, margin=25)

    def footer(self):
        self.set_y(-18)
        self.set_font("helvetica", size=8)
        self.cell(0, 5, _text(self.footer_text), align="C")

    def line_of(self, text, *, size=11, style="", height=5.5):
        self.set_font("helvetica", style=style, size=size)
        self.multi_cell(0, height, _text(text), new_x="LMARGIN", new_y="NEXT")


def sender_lines(region):
    lines = [f"{region.office_name} {region.name}", region.office_department]
    lines.append(region.office_street)
    lines.append(" ".join(part for part in (region.office_postcode, region.office_city) if part))
    return [line for line in lines if line]


def recipient_lines(institution):
    lines = [institution.name, institution.street]
    lines.append(" ".join(part for part in (institution.postcode, institution.city) if part))
    return [line for line in lines if line]


def decision_letter_pdf(application):
    """The letter of ``application``'s decision as PDF bytes."""
    with translation.override(settings.LANGUAGE_CODE):
        return bytes(_decision_letter(application).output())


def decision_letter_filename(application):
    return f"bescheid-foerderantrag-{application.pk}.pdf"


def _decision_letter(application):
    call = application.call
    region = call.programme.region
    granted = application.status != ApplicationStatus.REJECTED and application.granted_amount
    contact = [
        part
        for part in (
            region.office_phone and _("Telefon %(phone)s") % {"phone": region.office_phone},
            region.office_email,
        )
        if part
    ]
    pdf = _Letter(" · ".join([f"{region.office_name} {region.name}", *contact]))
    pdf.set_title(_text(_("Bescheid: %(title)s") % {"title": application.title}))
    pdf.set_author(_text(f"{region.office_name} {region.name}"))
    pdf.add_page()

    pdf.line_of(" · ".join(sender_lines(region)), size=8)
    pdf.ln(4)
    for line in recipient_lines(application.institution):
        pdf.line_of(line)
    pdf.ln(10)
    decided = timezone.localdate(application.decided_at) if application.decided_at else None
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 5.5, _text(_date(decided or timezone.localdate())), align="R")
    pdf.ln(12)

    if granted:
        subject = _("Bewilligung Ihres Förderantrags „%(title)s“")
    else:
        subject = _("Ablehnung Ihres Förderantrags „%(title)s“")
    pdf.line_of(subject % {"title": application.title}, size=12, style="B")
    pdf.line_of(_("Ausschreibung: %(call)s") % {"call": call.title})
    pdf.ln(6)

    pdf.line_of(_("Sehr geehrte Damen und Herren,"))
    pdf.ln(3)
    submitted = (
        _date(timezone.localdate(application.submitted_at)) if application.submitted_at else ""
    )
    values = {
        "office": f"{region.office_name} {region.name}",
        "institution": application.institution.name,
        "call": call.title,
        "submitted": submitted,
        "requested": _euro(application.requested_amount or 0),
    }
    if granted:
        pdf.line_of(
            _(
                "das %(office)s bewilligt den Antrag von %(institution)s an „%(call)s“ vom "
                "%(submitted)s."
            )
            % values
        )
        pdf.ln(3)
        pdf.line_of(_("Beantragter Betrag: %(amount)s") % {"amount": values["requested"]})
        pdf.line_of(
            _("Bewilligter Betrag: %(amount)s") % {"amount": _euro(application.granted_amount)},
            style="B",
        )
        if getattr(application, "report_due_on", None):
            pdf.line_of(
                _("Der Verwendungsnachweis ist bis zum %(date)s einzureichen.")
                % {"date": _date(application.report_due_on)}
            )
    else:
        pdf.line_of(
            _(
                "das %(office)s kann den Antrag von %(institution)s an „%(call)s“ vom "
                "%(submitted)s leider nicht bewilligen."
            )
            % values
        )
    pdf.ln(4)
    pdf.line_of(_("Begründung"), style="B")
    pdf.line_of(application.decision_reason or "–")
    pdf.ln(8)
    pdf.line_of(_("Mit freundlichen Grüßen"))
    pdf.line_of(f"{region.office_name} {region.name}")
    pdf.ln(6)
    pdf.line_of(
        _("Erstellt über das Bildungsportal."),
        size=8,
    )
    return pdf
