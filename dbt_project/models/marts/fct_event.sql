with

events as (

    select * from {{ ref('stg_fnsp__events') }}

),

event_procedures as (

    select * from {{ ref('stg_fnsp__event_procedures') }}

),

websites as (

    select * from {{ ref('stg_fnsp__websites') }}

),

foretak as (

    select * from {{ ref('dim_foretak') }}

),

linked as (

    select
        event_id,
        list_sort(list(procedure_id)) as linked_procedure_ids

    from event_procedures
    group by event_id

),

final as (

    select
        events.event_id,
        events.event_title,
        events.event_type,
        events.start_at,
        events.end_at,
        events.orgnr,
        coalesce(foretak.region_id, websites.region_id) as region_id,
        events.website_id,
        websites.website_url,
        coalesce(events.language, websites.language) as language,
        events.is_digital,
        events.venue_name,
        events.venue_street,
        events.venue_postal_code,
        events.venue_city,
        coalesce(linked.linked_procedure_ids, []::varchar[]) as linked_procedure_ids,
        len(coalesce(linked.linked_procedure_ids, []::varchar[])) as linked_procedure_count,
        events.event_url,
        events.last_changed

    from events
    left join linked on events.event_id = linked.event_id
    left join websites on events.website_id = websites.website_id
    left join foretak on events.orgnr = foretak.orgnr

)

select * from final
