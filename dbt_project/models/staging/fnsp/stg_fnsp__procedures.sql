with

source as (

    select * from {{ source('fnsp', 'procedures') }}

),

renamed as (

    select
        id as procedure_id,
        record->>'title' as procedure_title,
        record->>'type' as procedure_type,
        record->>'htk' as htk_code,
        record->>'specialty' as specialty,
        json_array_length(record->'snomed')::integer as snomed_code_count,
        json_array_length(record->'foretak')::integer as adopting_foretak_count,
        last_changed,
        _loaded_at

    from source

)

select * from renamed
