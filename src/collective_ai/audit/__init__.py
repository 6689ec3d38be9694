"""Bias audits: selection rates, impact ratios and the four-fifths rule, as regulators use them.

``audit(df, groups=[...], selected=...)`` gives a report with one table per group column
and their intersection (NYC Local Law 144's layout); ``audit_table`` gives one table;
``audit_counts`` rebuilds a table from published counts. Statistics live in
:mod:`collective_ai.audit.stats`, rendering in :mod:`collective_ai.audit.report`.
"""

from collective_ai.audit.frame import AuditReport, audit, audit_table
from collective_ai.audit.tables import AuditTable, GroupStats, audit_counts

__all__ = ["AuditReport", "AuditTable", "GroupStats", "audit", "audit_counts", "audit_table"]
