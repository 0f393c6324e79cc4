with

source as (

    select * from {{ source('fnsp', 'events') }}

),

renamed as (

    select
        id as event_id,
        record->>'title' as event_title,
        lower(record->>'type') as event_type,
        (record->>'start')::timestamptz as start_at,
        (record->>'end')::timestamptz as end_at,
        record->>'website_id' as website_id,
        lower(record->>'language') as language,
        record->'foretak'->>'orgnr' as orgnr,
        record->'foretak'->>'name' as foretak_name,
        record->'foretak'->>'resh' as resh,
        record->'foretak'->>'region' as foretak_region_id,
        record->'venue'->>'name' as venue_name,
        record->'venue'->'address'->>'street' as venue_street,
        record->'venue'->'address'->>'postal_code' as venue_postal_code,
        record->'venue'->'address'->>'city' as venue_city,
        coalesce((record->>'digital')::boolean, false) as is_digital,
        coalesce(json_array_length(record->'procedure_ids'), 0)::integer
            as linked_procedure_count,
        record->>'url' as event_url,
        last_changed,
        _loaded_at

    from source

)

select * from renamed
