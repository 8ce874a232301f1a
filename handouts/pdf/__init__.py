"""The PDF: stages 4 and 5.

``styles`` (the print-design numbers), ``grouping`` (what stays together on
paper, for both layouts), ``layout`` and ``bilingual`` (the model as
ReportLab flowables), ``pages`` (header, footer, notices, watermark) and
``write`` (metadata, outline, deterministic bytes, atomic files), which takes
ReportLab's objects as it formats them (``objects``; a logo of few
colours as an indexed image, ``images``), adds the structure tree
(``structure``) and writes the file (``increment``).  Fonts
(``handouts.fonts``) sit below both this stage and the gate, which must
know what the fonts can draw.
"""
