{#- The data-quality checks that ran, in order, from the quality.dq_checks table the Python
    step writes (read when the model runs; empty while dbt only parses). The names are the
    Python step's identifiers (fnsp_pipeline/quality/checks.py CHECKS), so one home. -#}
{% macro dq_check_names() %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set rows = run_query("select check_name from " ~ source('quality', 'dq_checks') ~ " order by position") -%}
    {%- set names = rows.columns[0].values() | list -%}
    {%- for name in names -%}
        {%- if not modules.re.fullmatch('[a-z][a-z0-9_]*', name) -%}
            {{ exceptions.raise_compiler_error("quality.dq_checks: check_name '" ~ name ~ "' is not an identifier") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}

{#- One `<check>_count` column per check: findings of that check in the group. -#}
{% macro dq_check_counts(check_column='check_name') %}
    {%- for name in dq_check_names() %}
    count(*) filter (where {{ check_column }} = '{{ name }}') as {{ name }}_count{{ "," if not loop.last }}
    {%- endfor %}
{% endmacro %}

{#- The same columns from a grouped relation, 0 where the group had no finding. -#}
{% macro dq_check_count_columns(alias) %}
    {%- for name in dq_check_names() %}
    coalesce({{ alias }}.{{ name }}_count, 0) as {{ name }}_count{{ "," if not loop.last }}
    {%- endfor %}
{% endmacro %}
