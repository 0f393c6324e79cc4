-- The last page search of each offering whose linked pages are wanted (FNSP_LINKED_PAGES).
with

source as (

    select * from {{ source('fnsp', 'page_lookups') }}

),

renamed as (

    select
        procedure_id || '/' || orgnr as offering_id,
        procedure_id,
        orgnr,
        outcome as lookup_outcome,
        pages_found,
        error as lookup_error,
        page_last_changed,
        _looked_up_at as looked_up_at

    from source

)

select * from renamed
