"""casework — a Jupyter case workbook for consumer advocates in China (网购投诉案件工作簿).

The package holds all the logic; notebooks and the ``casework`` command are thin faces of it.
"""

__version__ = "0.1.0"
