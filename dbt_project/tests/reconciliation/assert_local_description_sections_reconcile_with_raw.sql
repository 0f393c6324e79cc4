{{ config(meta={'dagster': {'ref': {'name': 'fct_local_description_section'}}}) }}

-- Every section of every local page in raw.offerings is one row of the section fact.
with

raw_offerings as (

    select * from {{ source('fnsp', 'offerings') }}

),

sections as (

    select * from {{ ref('fct_local_description_section') }}

),

counts as (

    select
        (select coalesce(sum(json_array_length(record->'page'->'sections')), 0)
            from raw_offerings
            where json_type(record->'page') = 'OBJECT') as raw_section_count,
        (select count(*) from sections) as fact_row_count

)

select * from counts where raw_section_count <> fact_row_count
