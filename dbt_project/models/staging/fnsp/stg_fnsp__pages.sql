-- Pages found by the page searches of looked-up offerings: each offering's treatment page and
-- the place and department pages it links to, one row per offering and page.
with

source as (

    select * from {{ source('fnsp', 'pages') }}

),

renamed as (

    select
        id as offering_page_id,
        record->>'id' as page_id,
        record->>'type' as page_type,
        procedure_id,
        orgnr,
        procedure_id || '/' || orgnr as offering_id,
        record->>'url' as page_url,
        lower(record->>'language') as page_language,
        coalesce(json_array_length(record->'contacts'), 0)::integer as contact_count,
        coalesce(json_array_length(record->'attendance_places'), 0)::integer
            as attendance_place_count,
        last_changed,
        _loaded_at

    from source

)

select * from renamed
