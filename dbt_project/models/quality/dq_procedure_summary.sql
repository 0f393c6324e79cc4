-- depends_on: {{ source('quality', 'dq_checks') }}
-- Per procedure: the same as dq_foretak_summary, across the foretak that adopted it.
{{ dq_summary('procedure_id') }}
