"""PDF documents with reportlab, in Greek (no Qt here).

One module per document; ``furniture`` draws what every page shares (header,
protocol box, copy mark, signature block, specimen mark); ``fonts``
registers the embedded DejaVu family (reportlab's Helvetica has no Greek).
"""
