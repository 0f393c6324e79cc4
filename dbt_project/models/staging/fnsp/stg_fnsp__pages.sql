-- Pages found by GET /sider: each local (treatment) page and the place and department pages
-- it links to, with the procedure and foretak they belong to.
with

source as (

    select * from {{ source('fnsp', 'pages') }}

),

renamed as (

    select
        record->>'id' as page_id,
        record->>'type' as page_type,
        record->>'procedure_id' as procedure_id,
        record->>'orgnr' as orgnr,
        (record->>'procedure_id') || '/' || (record->>'orgnr') as offering_id,
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
