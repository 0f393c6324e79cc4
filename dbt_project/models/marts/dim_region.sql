with

regions as (

    select * from {{ ref('regions') }}

),

websites as (

    select * from {{ ref('stg_fnsp__websites') }}

),

foretak as (

    select * from {{ ref('dim_foretak') }}

),

api_regions as (

    select
        region_id,
        mode(region_name) as api_region_name,
        mode(region_orgnr) as api_region_orgnr

    from websites
    group by region_id

),

foretak_per_region as (

    select region_id, count(*) as foretak_count
    from foretak
    group by region_id

),

websites_per_region as (

    select region_id, count(*) as website_count
    from websites
    group by region_id

),

final as (

    select
        regions.region_id,
        regions.region_name,
        coalesce(regions.region_orgnr, api_regions.api_region_orgnr) as region_orgnr,
        coalesce(foretak_per_region.foretak_count, 0) as foretak_count,
        coalesce(websites_per_region.website_count, 0) as website_count

    from regions
    left join api_regions on regions.region_id = api_regions.region_id
    left join foretak_per_region on regions.region_id = foretak_per_region.region_id
    left join websites_per_region on regions.region_id = websites_per_region.region_id

)

select * from final
