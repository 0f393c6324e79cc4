with

source as (

    select * from {{ source('fnsp', 'clinical_studies') }}

),

renamed as (

    select
        id as study_id,
        record->>'title' as study_title,
        record->>'category' as study_category,
        lower(record->>'status') as study_status,
        record->>'summary_html' as summary_html,
        {{ html_to_text("record->>'summary_html'") }} as summary_text,
        record->>'cristin_id' as cristin_id,
        record->>'url' as study_url,
        coalesce(json_array_length(record->'snomed'), 0)::integer as snomed_code_count,
        coalesce(json_array_length(record->'foretak'), 0)::integer as foretak_count,
        last_changed,
        _loaded_at

    from source

)

select * from renamed
