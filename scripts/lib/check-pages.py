#!/usr/bin/env python3
"""Checks a document's page breaks on its PDF: no page ends with a heading or a lead-in line, and the
signature block ("Nơi nhận", the signer) is on one page.

Usage: check-pages.py DOCX PDF

The headings and lead-in lines are the DOCX paragraphs marked keep-with-next (w:keepNext) outside tables; the
signature block is the borderless table whose first cell starts with "Nơi nhận:". The PDF's text per page
comes from `pdftotext` (poppler-utils). Prints one line per problem and exits 1 when there is any.
"""
import re
import subprocess
import sys

import docx
from docx.oxml.ns import qn


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def squash(text):
    return re.sub(r"\s+", "", text)


def main(docx_path, pdf_path):
    d = docx.Document(docx_path)
    body = d.element.body
    keep = []
    for p in body.iter(qn("w:p")):
        if any(a.tag == qn("w:tbl") for a in p.iterancestors()):
            continue
        ppr = p.find(qn("w:pPr"))
        text = norm("".join(t.text or "" for t in p.iter(qn("w:t"))))
        if text and ppr is not None and ppr.find(qn("w:keepNext")) is not None:
            keep.append(text)
    signature = None
    for table in d.tables:
        texts = [norm(p.text) for row in table.rows for cell in row.cells for p in cell.paragraphs]
        if texts and texts[0].startswith("Nơi nhận:"):
            signature = [t for t in dict.fromkeys(texts) if t]
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    problems = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = [norm(line) for line in page.splitlines() if line.strip()]
        if not lines:
            continue
        # The whole heading (which may wrap over a few lines) ends the page.
        tail = squash("".join(lines[-4:]))
        for text in keep:
            if tail.endswith(squash(text)):
                problems.append(f"trang {number} kết thúc bằng đề mục hoặc dòng dẫn: \"{text[:80]}\"")
                break
    if signature is None:
        problems.append("không tìm thấy khối \"Nơi nhận\" và chữ ký")
    else:
        holding = [n for n, page in enumerate(pages, start=1) if "Nơinhận:" in squash(page)]
        if len(holding) != 1:
            problems.append(f"khối \"Nơi nhận\" xuất hiện trên {len(holding)} trang")
        else:
            page = squash(pages[holding[0] - 1])
            missing = [t for t in signature if squash(t) not in page]
            if missing:
                problems.append(f"khối chữ ký bị tách sang trang khác (trang {holding[0]} thiếu: {'; '.join(missing)})")
    for problem in problems:
        print(f"{pdf_path}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
