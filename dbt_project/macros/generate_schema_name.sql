{#- Custom schemas are used as named (staging, intermediate, marts, reference), not prefixed
    with the target schema: analysts query marts.dim_foretak, not main_marts.dim_foretak. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
