-- Per offering (procedure x foretak): its findings and whether it is complete, meaning it has
-- a local page and no finding. The one grain both summaries count from.
with

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

findings as (

    select * from {{ source('quality', 'dq_findings') }}

),

per_offering as (

    select
        procedure_id,
        orgnr,
        count(*) as findings_count

    from findings
    where procedure_id is not null and orgnr is not null
    group by procedure_id, orgnr

),

final as (

    select
        offerings.offering_id,
        offerings.procedure_id,
        offerings.orgnr,
        offerings.has_local_page,
        coalesce(per_offering.findings_count, 0) as findings_count,
        offerings.has_local_page and per_offering.findings_count is null as is_complete

    from offerings
    left join per_offering
        on offerings.procedure_id = per_offering.procedure_id
        and offerings.orgnr = per_offering.orgnr

)

select * from final
