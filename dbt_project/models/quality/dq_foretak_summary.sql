-- depends_on: {{ source('quality', 'dq_checks') }}
-- Per foretak that adopted procedures: offerings, with a local page, complete (a page and no
-- finding), completeness score, and findings in total, of error severity and per check.
{{ dq_summary('orgnr') }}
