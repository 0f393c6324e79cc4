-- Whether an offering's patients find contact details and an attendance place: on the local
-- page itself or on the place/department pages it links to (where those were looked up).
with

offerings as (

    select * from {{ ref('stg_fnsp__offerings') }}

),

found_pages as (

    select * from {{ ref('stg_fnsp__pages') }}

),

lookups as (

    select * from {{ ref('stg_fnsp__page_lookups') }}

),

linked_summary as (

    -- the search also finds the treatment page itself: it is not a linked page
    select
        found_pages.offering_id,
        count(*) as linked_page_count,
        sum(found_pages.contact_count) as linked_contact_count,
        sum(found_pages.attendance_place_count) as linked_attendance_place_count

    from found_pages
    inner join offerings on found_pages.offering_id = offerings.offering_id
    where found_pages.page_id is distinct from offerings.page_id
    group by found_pages.offering_id

),

final as (

    select
        offerings.offering_id,
        coalesce(linked_summary.linked_page_count, 0) as linked_page_count,
        case
            when not offerings.has_local_page then 'no_page'
            when lookups.lookup_outcome is not null then lookups.lookup_outcome
            else 'not_looked_up'
        end as linked_pages_lookup,
        lookups.lookup_error as linked_pages_lookup_error,
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
    left join lookups
        on offerings.offering_id = lookups.offering_id

)

select * from final
