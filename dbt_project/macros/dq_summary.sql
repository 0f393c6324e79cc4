{#- A data-quality summary per foretak (grain 'orgnr') or per procedure ('procedure_id'):
    the two differ only in their grain and its label columns. -#}
{% macro dq_summary(grain) %}
with

offerings as (

    select * from {{ ref('int_dq__offering_findings') }}

),

findings as (

    select * from {{ source('quality', 'dq_findings') }}

),

labels as (

    {% if grain == 'orgnr' -%}
    select orgnr, foretak_name, region_id from {{ ref('dim_foretak') }}
    {%- else -%}
    select procedure_id, procedure_title from {{ ref('dim_procedure') }}
    {%- endif %}

),

adopted as (

    select
        {{ grain }},
        count(*) as offered_count,
        count(*) filter (where has_local_page) as with_local_page,
        count(*) filter (where is_complete) as complete

    from offerings
    group by {{ grain }}

),

counts as (

    select
        {{ grain }},
        count(*) as findings_total,
        count(*) filter (where severity = 'error') as error_findings,
        {{ dq_check_counts() }}

    from findings
    where {{ grain }} is not null
    group by {{ grain }}

),

final as (

    select
        adopted.{{ grain }},
        {% if grain == 'orgnr' -%}
        labels.foretak_name,
        labels.region_id,
        {%- else -%}
        labels.procedure_title,
        {%- endif %}
        adopted.offered_count,
        adopted.with_local_page,
        adopted.complete,
        round(adopted.complete / nullif(adopted.offered_count, 0), 4) as completeness_score,
        coalesce(counts.findings_total, 0) as findings_total,
        coalesce(counts.error_findings, 0) as error_findings,
        {{ dq_check_count_columns('counts') }}

    from adopted
    inner join labels on adopted.{{ grain }} = labels.{{ grain }}
    left join counts on adopted.{{ grain }} = counts.{{ grain }}

)

select * from final
order by {{ grain }}
{% endmacro %}
