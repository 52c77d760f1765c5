from .table import Row, public

ROWS = [
    Row("procurement:start", public()),
    Row("procurement:phases", public()),
    Row("procurement:phase_guidance", public(), kwargs=lambda w: {"slug": "startoverleg"}),
]
