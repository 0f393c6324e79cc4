-- One row per procedure an event is linked to.
with

source as (

    select * from {{ source('fnsp', 'events') }}

),

final as (

    select distinct
        source.id as event_id,
        linked.procedure_id
    from source,
        unnest(from_json(source.record->'procedure_ids', '["varchar"]'))
            as linked(procedure_id)

)

select * from final
