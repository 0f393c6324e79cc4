-- One row per SNOMED CT code on a clinical study.
with

source as (

    select * from {{ source('fnsp', 'clinical_studies') }}

),

unnested as (

    select
        source.id as study_id,
        code.position::integer as code_position,
        code.snomed
    from source,
        unnest(from_json(source.record->'snomed', '["json"]'))
            with ordinality as code(snomed, position)

),

renamed as (

    select
        study_id,
        snomed->>'code' as snomed_code,
        snomed->>'term' as snomed_term,
        snomed->>'type' as snomed_type,
        code_position

    from unnested

)

select * from renamed
