{{ config(materialized='view') }}

-- Coverage per health region: offerings (procedure x foretak) offered, with a local page,
-- with a complete description (for, under and etter present and non-empty), and the number
-- of distinct procedures offered somewhere in the region.
with

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

summarised as (

    select
        region_id,
        count(distinct procedure_id) filter (where is_offered) as distinct_procedures_offered,
        count(*) filter (where is_offered) as offered_count,
        count(*) filter (where is_offered and has_local_page) as with_local_page_count,
        count(*) filter (where is_offered and is_description_complete)
            as with_complete_description_count

    from offerings
    group by region_id

),

final as (

    select
        regions.region_id,
        regions.region_name,
        coalesce(summarised.distinct_procedures_offered, 0) as distinct_procedures_offered,
        coalesce(summarised.offered_count, 0) as offered_count,
        coalesce(summarised.with_local_page_count, 0) as with_local_page_count,
        coalesce(summarised.with_complete_description_count, 0)
            as with_complete_description_count,
        round(100.0 * summarised.with_local_page_count
            / nullif(summarised.offered_count, 0), 1) as pct_with_local_page,
        round(100.0 * summarised.with_complete_description_count
            / nullif(summarised.offered_count, 0), 1) as pct_with_complete_description

    from regions
    left join summarised on regions.region_id = summarised.region_id

)

select * from final
