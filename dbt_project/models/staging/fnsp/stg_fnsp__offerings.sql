-- One row per offering response (procedure x foretak); the local page flattened beside it.
with

source as (

    select * from {{ source('fnsp', 'offerings') }}

),

renamed as (

    select
        id as offering_id,
        record->>'procedure_id' as procedure_id,
        record->'foretak'->>'orgnr' as orgnr,
        record->'foretak'->>'name' as foretak_name,
        record->'foretak'->>'resh' as resh,
        record->'foretak'->>'region' as region_id,
        (record->>'offered')::boolean as is_offered,
        coalesce(json_type(record->'page') = 'OBJECT', false) as has_local_page,
        record->'page'->>'id' as page_id,
        record->'page'->>'type' as page_type,
        record->'page'->>'url' as page_url,
        lower(record->'page'->>'language') as page_language,
        (record->'page'->>'last_changed')::timestamptz as page_last_changed,
        (record->'page'->>'approved')::date as page_approved_on,
        coalesce(json_array_length(record->'page'->'sections'), 0)::integer as section_count,
        coalesce(json_array_length(record->'page'->'contacts'), 0)::integer as contact_count,
        coalesce(json_array_length(record->'page'->'attendance_places'), 0)::integer
            as attendance_place_count,
        _loaded_at

    from source

)

select * from renamed
