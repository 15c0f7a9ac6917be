# Consumers include xgrad's headers as <xgrad/...>, the layout they have once installed
# (include/xgrad/framework, include/xgrad/autograd, include/xgrad/nn, include/xgrad/xgrad.hpp).
# In the build tree that layout is made of links to the source folders.
set(XGRAD_BUILD_INCLUDE_DIR ${CMAKE_CURRENT_BINARY_DIR}/include)
file(MAKE_DIRECTORY ${XGRAD_BUILD_INCLUDE_DIR}/xgrad)
foreach(part framework autograd nn)
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/${part} ${XGRAD_BUILD_INCLUDE_DIR}/xgrad/${part}
       SYMBOLIC COPY_ON_ERROR)
endforeach()
file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/include/xgrad/xgrad.hpp
     ${XGRAD_BUILD_INCLUDE_DIR}/xgrad/xgrad.hpp SYMBOLIC COPY_ON_ERROR)
