// Asio, Asio.SSL and Beast are compiled once, here (BOOST_*_SEPARATE_COMPILATION): each
// translation unit that includes their headers then stays cheap to build.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
