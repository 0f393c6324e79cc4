-- Whether an offering's patients find contact details and an attendance place: on the local
-- page itself or on the place/department pages it links to.
with

offerings as (

    select * from {{ ref('stg_fnsp__offerings') }}

),

linked_pages as (

    select * from {{ ref('stg_fnsp__pages') }}

),

linked_summary as (

    select
        offering_id,
        count(*) as linked_page_count,
        sum(contact_count) as linked_contact_count,
        sum(attendance_place_count) as linked_attendance_place_count

    from linked_pages
    group by offering_id

),

final as (

    select
        offerings.offering_id,
        coalesce(linked_summary.linked_page_count, 0) as linked_page_count,
        offerings.contact_count > 0 as has_contact_on_page,
        offerings.attendance_place_count > 0 as has_attendance_place_on_page,
        offerings.contact_count > 0
            or coalesce(linked_summary.linked_contact_count, 0) > 0 as has_contact,
        offerings.attendance_place_count > 0
            or coalesce(linked_summary.linked_attendance_place_count, 0) > 0
            as has_attendance_place

    from offerings
    left join linked_summary
        on offerings.offering_id = linked_summary.offering_id

)

select * from final
