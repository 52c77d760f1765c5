from .table import Row, public

ROWS = [
    Row("rladder:ladder", public()),
]
