{{ config(meta={'dagster': {'ref': {'name': 'fct_procedure_offering'}}}) }}

-- fct_procedure_offering has one row per adoption in raw.procedures (every foretak in every
-- procedure's foretak list), and as many rows with an offering response as raw.offerings has
-- rows for those adoptions.
with

raw_procedures as (

    select * from {{ source('fnsp', 'procedures') }}

),

raw_offerings as (

    select * from {{ source('fnsp', 'offerings') }}

),

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

raw_adoptions as (

    select raw_procedures.id || '/' || (adoption.foretak->>'orgnr') as offering_id
    from raw_procedures,
        unnest(from_json(raw_procedures.record->'foretak', '["json"]')) as adoption(foretak)

),

counts as (

    select
        (select count(*) from raw_adoptions) as raw_adoption_count,
        (select count(*) from offerings) as fact_row_count,
        (select count(*) from raw_offerings
            where id in (select offering_id from raw_adoptions)) as raw_response_count,
        (select count(*) from offerings where has_offering_response) as fact_response_count

)

select *
from counts
where raw_adoption_count <> fact_row_count
    or raw_response_count <> fact_response_count
