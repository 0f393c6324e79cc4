-- One row per foretak that has adopted a procedure (the `foretak` list of /prosedyrer/{id}).
with

source as (

    select * from {{ source('fnsp', 'procedures') }}

),

unnested as (

    select
        source.id as procedure_id,
        adoption.position::integer as adoption_position,
        adoption.foretak
    from source,
        unnest(from_json(source.record->'foretak', '["json"]'))
            with ordinality as adoption(foretak, position)

),

renamed as (

    select
        procedure_id || '/' || (foretak->>'orgnr') as offering_id,
        procedure_id,
        foretak->>'orgnr' as orgnr,
        foretak->>'name' as foretak_name,
        foretak->>'resh' as resh,
        foretak->>'region' as region_id,
        adoption_position

    from unnested

)

select * from renamed
