-- Per offering with a local page: which sections it has, which have text, and whether the
-- description is complete (every required section present with non-empty text).
with

sections as (

    select * from {{ ref('stg_fnsp__local_page_sections') }}

),

summarised as (

    select
        offering_id,
        count(*) as section_count,
        count(*) filter (where section_text is null) as empty_section_count,
        list_sort(list_distinct(list(section))) as sections_present,
        list_sort(list_distinct(list(section) filter (where section_text is not null)))
            as sections_with_text,
        sum({{ word_count('section_text') }})::bigint as word_count

    from sections
    group by offering_id

),

final as (

    select
        offering_id,
        section_count,
        empty_section_count,
        sections_present,
        sections_with_text,
        word_count,
        list_contains(sections_present, 'for') as has_section_for,
        list_contains(sections_present, 'under') as has_section_under,
        list_contains(sections_present, 'etter') as has_section_etter,
        list_contains(sections_present, 'om') as has_section_om,
        list_has_all(sections_with_text, {{ var('required_sections') }})
            as is_description_complete

    from summarised

)

select * from final
