-- One row per SNOMED CT code on a procedure.
with

source as (

    select * from {{ source('fnsp', 'procedures') }}

),

unnested as (

    select
        source.id as procedure_id,
        code.position::integer as code_position,
        code.snomed
    from source,
        unnest(from_json(source.record->'snomed', '["json"]'))
            with ordinality as code(snomed, position)

),

renamed as (

    select
        procedure_id,
        snomed->>'code' as snomed_code,
        snomed->>'term' as snomed_term,
        snomed->>'type' as snomed_type,
        code_position

    from unnested

)

select * from renamed
