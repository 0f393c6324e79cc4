-- One row per section (om, for, under, etter, ventetid, annet) of each local page.
with

source as (

    select * from {{ source('fnsp', 'offerings') }}

),

unnested as (

    select
        source.id as offering_id,
        source.record->>'procedure_id' as procedure_id,
        source.record->'foretak'->>'orgnr' as orgnr,
        source.record->'page'->>'id' as page_id,
        section.position::integer as section_position,
        section.item
    from source,
        unnest(from_json(source.record->'page'->'sections', '["json"]'))
            with ordinality as section(item, position)
    where json_type(source.record->'page') = 'OBJECT'

),

renamed as (

    select
        offering_id || '#' || section_position as section_id,
        offering_id,
        procedure_id,
        orgnr,
        page_id,
        section_position,
        lower(item->>'section') as section,
        item->>'title' as section_title,
        item->>'html' as section_html,
        {{ html_to_text("item->>'html'") }} as section_text

    from unnested

)

select * from renamed
