with

source as (

    select * from {{ source('fnsp', 'websites') }}

),

renamed as (

    select
        id as website_id,
        record->>'name' as website_name,
        record->>'url' as website_url,
        lower(record->>'language') as language,
        record->'foretak'->>'orgnr' as orgnr,
        record->'foretak'->>'name' as foretak_name,
        record->'foretak'->>'resh' as resh,
        record->'region'->>'id' as region_id,
        record->'region'->>'name' as region_name,
        record->'region'->>'orgnr' as region_orgnr,
        last_changed,
        _loaded_at

    from source

)

select * from renamed
