"""Report text as a Word file: the inverse of `readers.read_report` for .docx.

`read_report` joins a Word file's paragraphs with blank lines, so a file with one
paragraph per blank-line-separated block reads back as the same text. Used to
turn the plain-text sample reports into the Word uploads users send.
"""

import io


def report_docx(text: str) -> bytes:
    """A .docx with one paragraph per blank-line-separated block of `text`."""
    import docx  # python-docx, as in readers

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
