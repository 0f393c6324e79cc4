{{ config(materialized='view') }}

-- How well each foretak covers the procedures it has adopted with patient information.
with

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

foretak as (

    select * from {{ ref('dim_foretak') }}

),

summarised as (

    select
        orgnr,
        count(*) as adopted_procedure_count,
        count(*) filter (where is_offered) as offered_procedure_count,
        count(*) filter (where not has_offering_response) as not_offered_response_count,
        count(*) filter (where is_offered and has_local_page) as with_local_page_count,
        count(*) filter (where is_offered and is_description_complete)
            as with_complete_description_count

    from offerings
    group by orgnr

),

final as (

    select
        foretak.orgnr,
        foretak.foretak_name,
        foretak.region_id,
        summarised.adopted_procedure_count,
        summarised.offered_procedure_count,
        summarised.not_offered_response_count,
        summarised.with_local_page_count,
        summarised.with_complete_description_count,
        round(100.0 * summarised.with_local_page_count
            / nullif(summarised.offered_procedure_count, 0), 1) as pct_with_local_page,
        round(100.0 * summarised.with_complete_description_count
            / nullif(summarised.offered_procedure_count, 0), 1) as pct_with_complete_description

    from summarised
    inner join foretak on summarised.orgnr = foretak.orgnr

)

select * from final
