-- What the marts lack tonight and why: for analysts, a view over raw._rejects.
{{ config(materialized='view') }}

with

rejects as (

    select * from {{ ref('stg_fnsp__rejects') }}

),

final as (

    select
        resource,
        kind,
        item_id,
        reason,
        field,
        endpoint,
        load_id,
        loaded_at,
        payload

    from rejects

)

select * from final
