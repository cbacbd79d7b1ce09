"""The index's pure rules: the facts fold, the factor model, scoring, periods, measures,
surges, letters' weak points, the report and who may read or act. No I/O."""
