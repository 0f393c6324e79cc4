-- One row per section of each local page (the patient text a foretak wrote for a procedure).
with

sections as (

    select * from {{ ref('stg_fnsp__local_page_sections') }}

),

final as (

    select
        section_id,
        offering_id,
        procedure_id,
        orgnr,
        page_id,
        section_position,
        section,
        section_title,
        section_html,
        section_text,
        {{ word_count('section_text') }} as word_count,
        section_text is null as is_empty

    from sections

)

select * from final
