"""Read municipal cooperation registers, check them and merge them.

``read_register`` turns one .xlsx/.xlsm/.ods/.xls/.csv file into a checked
:class:`~samverkansvav.model.CooperationWeb` plus a :class:`~samverkansvav.report.Report`;
``merge_results`` and ``load_registers`` combine several registers and report where
they disagree.
"""

from samverkansvav.ingest.container import UnreadableFile
from samverkansvav.ingest.merge import load_registers, merge_results
from samverkansvav.ingest.register import RegisterResult, read_register, read_register_bytes

__all__ = [
    "RegisterResult",
    "UnreadableFile",
    "load_registers",
    "merge_results",
    "read_register",
    "read_register_bytes",
]
