import { initSync } from "./app.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { __indirect_function_table, __wasm_split_shared0, memory,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { __indirect_function_table, __wasm_split_shared0, memory,  });
    }
    return sharedImports;
}
function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {
            const sharedImports = getSharedImports();
            sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
        }
    }
}
function makeLoad(fetcher, deps) {
    const loader = async () => {
        const parallelStuff = deps.map(d => d());
        const instantiate = fetcher();
        await Promise.all(parallelStuff);
        const imports = getSharedImports();
        return instantiate(imports);
    };
    let loadingModule = undefined;
    return () => {
        if (loadingModule === undefined) {
            const thisLoad = loader();
            // Memoize successes only: a rejected load must not be cached for
            // the lifetime of the session, or one transient network failure
            // permanently breaks the module. Clearing on rejection lets the
            // next call (e.g. the Rust side re-invoking load after a failed
            // callback) start a fresh attempt.
            thisLoad.catch(() => {
                if (loadingModule === thisLoad) loadingModule = undefined;
            });
            loadingModule = thisLoad;
        }
        return loadingModule;
    }
}
/* __account_view_15634547876226661528, __directory_view_15634547876226661528 */
const __chunk_7 = makeLoad(() => {
    const src = fetch(new URL("./chunk_7.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528 */
const __chunk_8 = makeLoad(() => {
    const src = fetch(new URL("./chunk_8.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528, __notifications_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_9 = makeLoad(() => {
    const src = fetch(new URL("./chunk_9.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_10 = makeLoad(() => {
    const src = fetch(new URL("./chunk_10.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __directory_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_11 = makeLoad(() => {
    const src = fetch(new URL("./chunk_11.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __my_nomination_view_15634547876226661528 */
const __chunk_12 = makeLoad(() => {
    const src = fetch(new URL("./chunk_12.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __my_nomination_view_15634547876226661528, __notifications_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_13 = makeLoad(() => {
    const src = fetch(new URL("./chunk_13.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __account_view_15634547876226661528, __my_nomination_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_14 = makeLoad(() => {
    const src = fetch(new URL("./chunk_14.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528 */
const __chunk_15 = makeLoad(() => {
    const src = fetch(new URL("./chunk_15.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528, __notifications_view_15634547876226661528 */
const __chunk_16 = makeLoad(() => {
    const src = fetch(new URL("./chunk_16.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528, __notifications_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_17 = makeLoad(() => {
    const src = fetch(new URL("./chunk_17.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_18 = makeLoad(() => {
    const src = fetch(new URL("./chunk_18.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __my_nomination_view_15634547876226661528, __photos_view_15634547876226661528, __public_view_13047906752427650867 */
const __chunk_19 = makeLoad(() => {
    const src = fetch(new URL("./chunk_19.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __notifications_view_15634547876226661528 */
const __chunk_20 = makeLoad(() => {
    const src = fetch(new URL("./chunk_20.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __notifications_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_21 = makeLoad(() => {
    const src = fetch(new URL("./chunk_21.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_22 = makeLoad(() => {
    const src = fetch(new URL("./chunk_22.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __photos_view_15634547876226661528, __public_view_13047906752427650867 */
const __chunk_23 = makeLoad(() => {
    const src = fetch(new URL("./chunk_23.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __directory_view_15634547876226661528, __public_view_13047906752427650867 */
const __chunk_24 = makeLoad(() => {
    const src = fetch(new URL("./chunk_24.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __my_nomination_view_15634547876226661528, __notifications_view_15634547876226661528 */
const __chunk_25 = makeLoad(() => {
    const src = fetch(new URL("./chunk_25.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __my_nomination_view_15634547876226661528, __notifications_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_26 = makeLoad(() => {
    const src = fetch(new URL("./chunk_26.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __my_nomination_view_15634547876226661528, __photos_view_15634547876226661528 */
const __chunk_27 = makeLoad(() => {
    const src = fetch(new URL("./chunk_27.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
/* __my_nomination_view_15634547876226661528, __public_view_13047906752427650867 */
const __chunk_28 = makeLoad(() => {
    const src = fetch(new URL("./chunk_28.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load___public_view_13047906752427650867 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___public_view_13047906752427650867.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_19, __chunk_23, __chunk_24, __chunk_28]));
export const __wasm_split_load___photos_view_15634547876226661528 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___photos_view_15634547876226661528.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_9, __chunk_10, __chunk_11, __chunk_13, __chunk_14, __chunk_17, __chunk_18, __chunk_19, __chunk_21, __chunk_22, __chunk_23, __chunk_26, __chunk_27]));
export const __wasm_split_load___notifications_view_15634547876226661528 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___notifications_view_15634547876226661528.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_9, __chunk_13, __chunk_16, __chunk_17, __chunk_20, __chunk_21, __chunk_25, __chunk_26]));
export const __wasm_split_load___my_nomination_view_15634547876226661528 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___my_nomination_view_15634547876226661528.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_8, __chunk_9, __chunk_10, __chunk_12, __chunk_13, __chunk_14, __chunk_15, __chunk_16, __chunk_17, __chunk_18, __chunk_19, __chunk_25, __chunk_26, __chunk_27, __chunk_28]));
export const __wasm_split_load___directory_view_15634547876226661528 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___directory_view_15634547876226661528.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_7, __chunk_8, __chunk_9, __chunk_10, __chunk_11, __chunk_15, __chunk_16, __chunk_17, __chunk_18, __chunk_19, __chunk_20, __chunk_21, __chunk_22, __chunk_23, __chunk_24]));
export const __wasm_split_load___account_view_15634547876226661528 = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split___account_view_15634547876226661528.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_7, __chunk_8, __chunk_9, __chunk_10, __chunk_11, __chunk_12, __chunk_13, __chunk_14]));
