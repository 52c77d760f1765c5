"""The R-ladder (R0–R9), product strategies with milestones, ambitiewebs and the programme's charts."""
