-- Items missing tonight: rejected, or held back because their parent was not landed.
with

source as (

    select * from {{ source('fnsp', 'rejects') }}

),

renamed as (

    select
        resource,
        coalesce(kind, 'rejected') as kind,  -- rows written before kinds existed
        item_id,
        endpoint,
        field,
        reason,
        payload,
        _load_id as load_id,
        _loaded_at as loaded_at

    from source

)

select * from renamed
