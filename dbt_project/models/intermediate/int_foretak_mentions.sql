-- Every place a foretak (organisation number) appears in the API, one row per mention
-- source and foretak, ranked by how authoritative its name and region are: websites first
-- (they carry the region), then procedure adoptions, offerings, events, studies.
with

websites as (

    select * from {{ ref('stg_fnsp__websites') }}

),

adoptions as (

    select * from {{ ref('stg_fnsp__procedure_adoptions') }}

),

offerings as (

    select * from {{ ref('stg_fnsp__offerings') }}

),

events as (

    select * from {{ ref('stg_fnsp__events') }}

),

study_foretak as (

    select * from {{ ref('stg_fnsp__study_foretak') }}

),

mentions as (

    select orgnr, foretak_name, resh, region_id, 'website' as mentioned_in, 1 as source_rank
    from websites
    union all
    select orgnr, foretak_name, resh, region_id, 'procedure_adoption', 2
    from adoptions
    union all
    select orgnr, foretak_name, resh, region_id, 'offering', 3
    from offerings
    union all
    select orgnr, foretak_name, resh, foretak_region_id, 'event', 4
    from events
    union all
    select orgnr, foretak_name, null, null, 'clinical_study', 5
    from study_foretak

),

final as (

    select
        orgnr,
        mentioned_in,
        source_rank,
        mode(foretak_name) as foretak_name,
        mode(resh) as resh,
        mode(region_id) as region_id,
        count(*) as mention_count

    from mentions
    where orgnr is not null
    group by orgnr, mentioned_in, source_rank

)

select * from final
