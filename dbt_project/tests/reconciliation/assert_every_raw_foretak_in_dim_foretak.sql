{{ config(meta={'dagster': {'ref': {'name': 'dim_foretak'}}}) }}

-- Every organisation number that appears anywhere in raw is a row of dim_foretak.
with

websites as (select * from {{ source('fnsp', 'websites') }}),

procedures as (select * from {{ source('fnsp', 'procedures') }}),

offerings as (select * from {{ source('fnsp', 'offerings') }}),

clinical_studies as (select * from {{ source('fnsp', 'clinical_studies') }}),

events as (select * from {{ source('fnsp', 'events') }}),

foretak as (select * from {{ ref('dim_foretak') }}),

raw_orgnrs as (

    select orgnr from websites
    union
    select orgnr from offerings
    union
    select record->'foretak'->>'orgnr' from events
    union
    select adoption.foretak->>'orgnr'
    from procedures,
        unnest(from_json(procedures.record->'foretak', '["json"]')) as adoption(foretak)
    union
    select participant.foretak->>'orgnr'
    from clinical_studies,
        unnest(from_json(clinical_studies.record->'foretak', '["json"]')) as participant(foretak)

)

select raw_orgnrs.orgnr
from raw_orgnrs
left join foretak on raw_orgnrs.orgnr = foretak.orgnr
where foretak.orgnr is null
