-- One row per adoption (procedure x foretak in the procedure's foretak list), with the answer
-- of the offering endpoint and the state of the local description.
with

adoptions as (

    select * from {{ ref('stg_fnsp__procedure_adoptions') }}

),

offerings as (

    select * from {{ ref('stg_fnsp__offerings') }}

),

completeness as (

    select * from {{ ref('int_local_pages__completeness') }}

),

contact_and_place as (

    select * from {{ ref('int_offerings__contact_and_place') }}

),

rejected_offerings as (

    -- the adoption stays; its offering broke the contract tonight (raw._rejects)
    select item_id as offering_id, min(reason) as reject_reason
    from {{ ref('stg_fnsp__rejects') }}
    where resource = 'offerings' and kind = 'rejected'
    group by item_id

),

foretak as (

    select * from {{ ref('dim_foretak') }}

),

final as (

    select
        adoptions.offering_id,
        adoptions.procedure_id,
        adoptions.orgnr,
        foretak.region_id,
        offerings.offering_id is not null as has_offering_response,
        rejected_offerings.offering_id is not null as is_offering_rejected,
        rejected_offerings.reject_reason as offering_reject_reason,
        coalesce(offerings.is_offered, false) as is_offered,
        coalesce(offerings.has_local_page, false) as has_local_page,
        offerings.page_id,
        offerings.page_url,
        offerings.page_language,
        offerings.page_last_changed,
        offerings.page_approved_on,
        coalesce(completeness.section_count, 0) as section_count,
        coalesce(completeness.sections_present, []::varchar[]) as sections_present,
        coalesce(completeness.has_section_for, false) as has_section_for,
        coalesce(completeness.has_section_under, false) as has_section_under,
        coalesce(completeness.has_section_etter, false) as has_section_etter,
        coalesce(completeness.has_section_om, false) as has_section_om,
        coalesce(completeness.empty_section_count, 0) as empty_section_count,
        coalesce(completeness.is_description_complete, false) as is_description_complete,
        coalesce(completeness.word_count, 0) as word_count,
        coalesce(contact_and_place.has_contact, false) as has_contact,
        coalesce(contact_and_place.has_attendance_place, false) as has_attendance_place,
        coalesce(contact_and_place.linked_page_count, 0) as linked_page_count,
        coalesce(contact_and_place.linked_pages_lookup, 'no_page') as linked_pages_lookup,
        contact_and_place.linked_pages_lookup_error

    from adoptions
    left join offerings on adoptions.offering_id = offerings.offering_id
    left join completeness on adoptions.offering_id = completeness.offering_id
    left join contact_and_place on adoptions.offering_id = contact_and_place.offering_id
    left join rejected_offerings on adoptions.offering_id = rejected_offerings.offering_id
    left join foretak on adoptions.orgnr = foretak.orgnr

)

select * from final
