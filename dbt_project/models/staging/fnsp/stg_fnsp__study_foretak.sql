-- One row per foretak named on a clinical study, with its role.
with

source as (

    select * from {{ source('fnsp', 'clinical_studies') }}

),

unnested as (

    select
        source.id as study_id,
        participant.position::integer as foretak_position,
        participant.foretak
    from source,
        unnest(from_json(source.record->'foretak', '["json"]'))
            with ordinality as participant(foretak, position)

),

renamed as (

    select
        study_id,
        foretak->>'orgnr' as orgnr,
        foretak->>'name' as foretak_name,
        lower(foretak->>'role') as study_role,
        foretak_position

    from unnested

)

select * from renamed
